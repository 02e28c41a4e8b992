"""crisisbot: cited answers from a YAML knowledge pack, on Discord and the command line."""
