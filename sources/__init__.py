"""Where evidence lives: sources, their captures, safe fetching, WARCs, replay and link health."""
