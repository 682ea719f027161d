"""`modfirst check`: a project against its template and the module-first rules."""
