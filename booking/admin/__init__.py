"""Administration: teams, venues and accounts (admins only)."""
