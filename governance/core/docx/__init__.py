"""Word documents: the sandboxed docxtpl renderer, template lint, branding and where templates come from."""
