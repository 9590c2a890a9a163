"""The respondent page's own words (rules, buttons, captions) in each language it speaks.

The questionnaire's text comes from the bank (``assessments.translation``); these are the
words around it. A language a bank lists but this catalog lacks shows these words in
English (the statements still in the bank's language). Placeholders in braces are filled by
``str.format``: ``{minimum}``, ``{date}``...
"""
from __future__ import annotations

ENGLISH = "en"

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "language": "Language",
        "rules_heading": "Before you start: how your answers stay anonymous",
        "rule_anonymous": "Your answers are anonymous. Nobody sees who answered what: not "
                          "your manager, not the organizers, not the consultant.",
        "rule_minimum": "Scores are shown only for groups of {minimum} or more people, and "
                        "never in a way that would let anyone work out a smaller group by "
                        "comparing groups.",
        "rule_comments": "Comments are shown only when {comments} or more people have "
                         "answered, never with your department, location or role, and with "
                         "the names you type replaced by [name]. Please do not name anyone.",
        "rule_no_time": "No time is kept with your answers, and nothing ties them to your "
                        "link, your e-mail address or the language you answer in.",
        "rule_results": "Results are shown only after the survey closes ({date}). Until then "
                        "you can come back with your private link and change your answers.",
        "rule_results_closed": "The survey closed on {date}: results are shown from now on, "
                               "under these rules. Answers can no longer be changed.",
        "phase_draft": "Draft: not open yet; rules and questions can change",
        "phase_scheduled": "Opens on {date}",
        "phase_open": "Open until {date} (included)",
        "phase_closed": "Closed on {date}",
        "not_taking": "This survey is not taking answers: {phase}.",
        "not_taking_kept": "This survey is not taking answers now: {phase}. Your answers are "
                           "kept.",
        "about_you": "About you",
        "about_you_caption": "These groups are how results are shown. Each question is "
                             "optional: choose “Prefer not to say” to skip it.",
        "prefer_not": "Prefer not to say",
        "invited_caption": "Your invitation already says which groups you belong to, so you "
                           "are not asked.",
        "start": "Start the survey",
        "started": "Your answers save as you give them. This page's address is your private "
                   "link: bookmark it to come back and change your answers until the survey "
                   "closes.",
        "not_started": "Not started: {error}",
        "not_saved": "Not saved: {error}",
        "comment_not_saved": "Comment not saved: {error}",
        "comment_masked": "Your comment is saved with the names in it replaced by [name]: "
                          "comments never name anyone.",
        "invalid_title": "Survey",
        "invalid_link": "This survey link is not valid. Check it in the message that brought "
                        "you here; a new open link replaces the old one.",
        "leave": "Leave",
        "own_use": "Your own use",
        "own_use_caption": "About you: would you use an internal social network, and how?",
        "maturity_caption": "For each area, choose the description that fits the organization "
                            "best today.",
        "link_heading": "Your private link and the rules",
        "link_caption": "Open this link on any device to come back until the survey closes. "
                        "Keep it to yourself: whoever has it can see and change your answers.",
        "link_caption_closed": "Keep this link to yourself: whoever has it can see your "
                               "answers.",
        "comment": "Comment (optional, never shown with your groups)",
        "comment_hint": "An example or a caveat is welcome; please name no one.",
        "progress": "{done} of {total} answered ({share}%)",
        "section_heading": "Section {n} of {total}: {name}",
        "jump": "Jump to another ({complete} of {total} complete)",
        "section_of": "section {n} of {total}",
        "answered": "{done}/{total} answered",
        "previous": "Previous",
        "next": "Next",
        "thanks": "Thank you: every answer is saved. You can change them until {date}.",
    },
    "de": {
        "language": "Sprache",
        "rules_heading": "Bevor Sie beginnen: So bleiben Ihre Antworten anonym",
        "rule_anonymous": "Ihre Antworten sind anonym. Niemand sieht, wer was geantwortet hat: "
                          "weder Ihre Führungskraft noch das Organisationsteam noch die "
                          "Beratung.",
        "rule_minimum": "Ergebnisse werden nur für Gruppen ab {minimum} Personen angezeigt, "
                        "und nie so, dass sich durch den Vergleich von Gruppen eine kleinere "
                        "Gruppe erschließen ließe.",
        "rule_comments": "Kommentare werden erst angezeigt, wenn mindestens {comments} "
                         "Personen geantwortet haben, nie zusammen mit Ihrer Abteilung, Ihrem "
                         "Standort oder Ihrer Rolle, und Namen, die Sie eingeben, werden durch "
                         "[name] ersetzt. Bitte nennen Sie niemanden namentlich.",
        "rule_no_time": "Mit Ihren Antworten wird keine Uhrzeit gespeichert, und nichts "
                        "verknüpft sie mit Ihrem Link, Ihrer E-Mail-Adresse oder der Sprache, "
                        "in der Sie antworten.",
        "rule_results": "Ergebnisse werden erst nach Abschluss der Befragung ({date}) "
                        "angezeigt. Bis dahin können Sie mit Ihrem persönlichen Link "
                        "zurückkehren und Ihre Antworten ändern.",
        "rule_results_closed": "Die Befragung wurde am {date} abgeschlossen: Die Ergebnisse "
                               "werden ab jetzt nach diesen Regeln angezeigt. Antworten "
                               "können nicht mehr geändert werden.",
        "phase_draft": "Entwurf: noch nicht geöffnet; Regeln und Fragen können sich noch "
                       "ändern",
        "phase_scheduled": "Beginnt am {date}",
        "phase_open": "Geöffnet bis einschließlich {date}",
        "phase_closed": "Abgeschlossen am {date}",
        "not_taking": "Diese Befragung nimmt keine Antworten an: {phase}.",
        "not_taking_kept": "Diese Befragung nimmt derzeit keine Antworten an: {phase}. Ihre "
                           "Antworten bleiben erhalten.",
        "about_you": "Angaben zu Ihrer Person",
        "about_you_caption": "Nach diesen Gruppen werden die Ergebnisse ausgewiesen. Jede "
                             "Angabe ist freiwillig: Wählen Sie „Keine Angabe“, um sie zu "
                             "überspringen.",
        "prefer_not": "Keine Angabe",
        "invited_caption": "Ihre Einladung enthält bereits, zu welchen Gruppen Sie gehören; "
                           "Sie werden daher nicht danach gefragt.",
        "start": "Befragung beginnen",
        "started": "Ihre Antworten werden sofort gespeichert. Die Adresse dieser Seite ist "
                   "Ihr persönlicher Link: Setzen Sie ein Lesezeichen, um bis zum Abschluss "
                   "der Befragung zurückzukehren und Ihre Antworten zu ändern.",
        "not_started": "Nicht begonnen: {error}",
        "not_saved": "Nicht gespeichert: {error}",
        "comment_not_saved": "Kommentar nicht gespeichert: {error}",
        "comment_masked": "Ihr Kommentar wurde gespeichert; die darin genannten Namen wurden "
                          "durch [name] ersetzt: Kommentare nennen niemanden namentlich.",
        "invalid_title": "Befragung",
        "invalid_link": "Dieser Befragungslink ist nicht gültig. Bitte prüfen Sie ihn in der "
                        "Nachricht, über die Sie hierher gelangt sind; ein neuer offener Link "
                        "ersetzt den alten.",
        "leave": "Verlassen",
        "own_use": "Ihre eigene Nutzung",
        "own_use_caption": "Zu Ihnen: Würden Sie ein internes soziales Netzwerk nutzen, und "
                           "wie?",
        "maturity_caption": "Wählen Sie für jeden Bereich die Beschreibung, die heute am "
                            "besten auf die Organisation zutrifft.",
        "link_heading": "Ihr persönlicher Link und die Regeln",
        "link_caption": "Öffnen Sie diesen Link auf einem beliebigen Gerät, um bis zum "
                        "Abschluss der Befragung zurückzukehren. Behalten Sie ihn für sich: "
                        "Wer ihn hat, kann Ihre Antworten sehen und ändern.",
        "link_caption_closed": "Behalten Sie diesen Link für sich: Wer ihn hat, kann Ihre "
                               "Antworten sehen.",
        "comment": "Kommentar (freiwillig, nie zusammen mit Ihren Gruppen angezeigt)",
        "comment_hint": "Ein Beispiel oder eine Einschränkung ist willkommen; bitte nennen "
                        "Sie niemanden namentlich.",
        "progress": "{done} von {total} beantwortet ({share} %)",
        "section_heading": "Abschnitt {n} von {total}: {name}",
        "jump": "Zu einem anderen springen ({complete} von {total} vollständig)",
        "section_of": "Abschnitt {n} von {total}",
        "answered": "{done}/{total} beantwortet",
        "previous": "Zurück",
        "next": "Weiter",
        "thanks": "Vielen Dank: Alle Antworten sind gespeichert. Sie können sie bis zum "
                  "{date} ändern.",
    },
    "fr": {
        "language": "Langue",
        "rules_heading": "Avant de commencer : comment vos réponses restent anonymes",
        "rule_anonymous": "Vos réponses sont anonymes. Personne ne voit qui a répondu quoi : "
                          "ni votre responsable, ni les organisateurs, ni le consultant.",
        "rule_minimum": "Les résultats ne sont affichés que pour des groupes d’au moins "
                        "{minimum} personnes, et jamais d’une manière qui permettrait de "
                        "déduire un groupe plus petit en comparant des groupes.",
        "rule_comments": "Les commentaires ne sont affichés que lorsqu’au moins {comments} "
                         "personnes ont répondu, jamais avec votre service, votre site ou "
                         "votre rôle, et les noms que vous saisissez sont remplacés par "
                         "[name]. Merci de ne nommer personne.",
        "rule_no_time": "Aucune heure n’est conservée avec vos réponses, et rien ne les relie "
                        "à votre lien, à votre adresse e-mail ni à la langue dans laquelle "
                        "vous répondez.",
        "rule_results": "Les résultats ne sont affichés qu’après la clôture de l’enquête "
                        "({date}). D’ici là, vous pouvez revenir avec votre lien personnel et "
                        "modifier vos réponses.",
        "rule_results_closed": "L’enquête a été clôturée le {date} : les résultats sont "
                               "désormais affichés selon ces règles. Les réponses ne peuvent "
                               "plus être modifiées.",
        "phase_draft": "Brouillon : pas encore ouverte ; les règles et les questions peuvent "
                       "changer",
        "phase_scheduled": "Ouverture le {date}",
        "phase_open": "Ouverte jusqu’au {date} inclus",
        "phase_closed": "Clôturée le {date}",
        "not_taking": "Cette enquête n’accepte pas de réponses : {phase}.",
        "not_taking_kept": "Cette enquête n’accepte pas de réponses pour le moment : {phase}. "
                           "Vos réponses sont conservées.",
        "about_you": "Vous concernant",
        "about_you_caption": "Les résultats sont présentés selon ces groupes. Chaque question "
                             "est facultative : choisissez « Je préfère ne pas répondre » pour "
                             "la passer.",
        "prefer_not": "Je préfère ne pas répondre",
        "invited_caption": "Votre invitation indique déjà à quels groupes vous appartenez ; "
                           "ces questions ne vous sont donc pas posées.",
        "start": "Commencer l’enquête",
        "started": "Vos réponses sont enregistrées au fur et à mesure. L’adresse de cette page "
                   "est votre lien personnel : ajoutez-la à vos favoris pour revenir modifier "
                   "vos réponses jusqu’à la clôture de l’enquête.",
        "not_started": "Non commencée : {error}",
        "not_saved": "Non enregistrée : {error}",
        "comment_not_saved": "Commentaire non enregistré : {error}",
        "comment_masked": "Votre commentaire est enregistré, les noms qu’il contenait étant "
                          "remplacés par [name] : les commentaires ne nomment jamais personne.",
        "invalid_title": "Enquête",
        "invalid_link": "Ce lien d’enquête n’est pas valide. Vérifiez-le dans le message qui "
                        "vous a conduit ici ; un nouveau lien ouvert remplace l’ancien.",
        "leave": "Quitter",
        "own_use": "Votre propre usage",
        "own_use_caption": "À propos de vous : utiliseriez-vous un réseau social interne, et "
                           "comment ?",
        "maturity_caption": "Pour chaque domaine, choisissez la description qui correspond le "
                            "mieux à l’organisation aujourd’hui.",
        "link_heading": "Votre lien personnel et les règles",
        "link_caption": "Ouvrez ce lien sur n’importe quel appareil pour revenir jusqu’à la "
                        "clôture de l’enquête. Gardez-le pour vous : quiconque le possède peut "
                        "voir et modifier vos réponses.",
        "link_caption_closed": "Gardez ce lien pour vous : quiconque le possède peut voir "
                               "vos réponses.",
        "comment": "Commentaire (facultatif, jamais affiché avec vos groupes)",
        "comment_hint": "Un exemple ou une nuance est bienvenu ; merci de ne nommer personne.",
        "progress": "{done} sur {total} répondues ({share} %)",
        "section_heading": "Section {n} sur {total} : {name}",
        "jump": "Aller à une autre ({complete} sur {total} terminées)",
        "section_of": "section {n} sur {total}",
        "answered": "{done}/{total} répondues",
        "previous": "Précédent",
        "next": "Suivant",
        "thanks": "Merci : toutes vos réponses sont enregistrées. Vous pouvez les modifier "
                  "jusqu’au {date}.",
    },
}


def words(language: str) -> dict[str, str]:
    """The page's words in ``language`` (English for a language this catalog lacks)."""
    return WORDS.get(language, WORDS[ENGLISH])
