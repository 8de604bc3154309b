"""Reading inputs: finding files, decoding bytes, article text from HTML, news feeds."""
