"""Events: triggers from the rule data, their actors, modality and date, merged into one event per real event."""
