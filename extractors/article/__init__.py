"""One news page -> a parsed article: title, byline, outlet, dateline place, publication time, page furniture."""
