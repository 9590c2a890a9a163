"""Charts and exports built from domain results. Never imports streamlit."""
