"""modfirst adopt: bring an existing project into module-first shape (plan, apply, prove)."""
