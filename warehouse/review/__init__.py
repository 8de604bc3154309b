"""`dateline review`: the warehouse as a static site, each event shown in its article (see site.py)."""
