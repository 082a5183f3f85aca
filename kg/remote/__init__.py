"""remote stage: a SPARQL 1.1 endpoint (SPARQLWrapper) as query runner, and pushing the local store to it."""
