"""Fetch and store documents: raw bytes in a content-addressed store, text extracted once."""
