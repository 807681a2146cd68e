"""The document kit: manifest, context, rendering, registers, project list."""
