"""Mission pages about people: "People and roles" (grant and revoke) and "Access explained"."""
