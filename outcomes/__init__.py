"""An engagement's results as every place shows them: gathered once from the workspace,
laid out in tables with one format per kind of number, for the pages and every export.

Never imports streamlit; the pages cache what it computes.
"""
