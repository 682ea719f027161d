"""`modfirst update`: bring a project to its template's newest version, as a bot would."""
