"""Time expressions: the pattern grammar, its lexicon, the resolvers, clause tense and calendar arithmetic."""
