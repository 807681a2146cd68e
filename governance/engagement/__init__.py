"""The engagement folder and its pmo.yaml, every section validated."""
