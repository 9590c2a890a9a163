"""Reference app for the page benchmark: a 50 x 100 data editor and a 50-bar altair chart."""
import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

st.set_page_config(page_title="Reference", layout="wide")
rng = np.random.default_rng(0)
frame = pd.DataFrame(rng.integers(0, 6, size=(50, 100)).astype(float),
                     columns=[f"c{i:03d}" for i in range(100)],
                     index=[f"row {i:02d}" for i in range(50)])
st.title("Reference")
st.data_editor(frame, key="editor")
bars = pd.DataFrame({"label": [f"bar {i:02d}" for i in range(50)],
                     "value": rng.random(50) * 5})
st.altair_chart(alt.Chart(bars).mark_bar().encode(x="value:Q", y=alt.Y("label:N", sort="-x")), width="stretch")
