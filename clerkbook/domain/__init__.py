"""Rules that are clerkbook's own: dates people type, capture grammar, demo data, export."""
