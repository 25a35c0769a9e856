# A managed identity needs no secret and no client_id.
pipeline "mi" {
  schedule = "1h"
  graph {
    tenant_id = "contoso.onmicrosoft.com"
    auth      = "managed_identity"
    # A tighter retry budget and page cap than the defaults.
    max_retry_wait = "90s"
    max_pages      = 5000
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "lake" }
  source "groups" {}
}
