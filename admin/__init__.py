"""`python -m admin`: the Sở's administration command line (registry, and more to come)."""
