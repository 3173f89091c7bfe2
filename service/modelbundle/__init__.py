"""The model bundle: manifest, installer, verification and lookup of local model files."""
