"""web stage: `kg serve`, a local workspace in the browser over the store (see kg.web.app)."""
