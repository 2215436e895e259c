"""Domain logic. Functions take plain values, use the session, flush, and never commit."""
