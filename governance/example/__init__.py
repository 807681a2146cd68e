"""The example engagement (fictional Groupe Valmont Logistique): its data for every capability."""
