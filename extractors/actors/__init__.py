"""Actors: names, titles and pronouns in the parse -> named actors with their ISO 3166 alpha-3 country."""
