"""`python -m admin`: set-up and scripting commands (accounts, reporting periods, ...) on top of every layer."""
