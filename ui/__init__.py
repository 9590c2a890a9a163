"""What several pages share: the workspace handle and context, access rights, cached results,
tables, downloads, drafts and the workshop's views. Imports streamlit; runs no SQL (only
``workspace`` knows how data is stored)."""
