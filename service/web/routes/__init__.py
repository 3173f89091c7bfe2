"""The screens' routes, one module per screen."""
