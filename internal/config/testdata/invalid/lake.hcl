pipeline "lake" {
  graph {
    tenant_id     = "contoso.onmicrosoft.com"
    client_id     = "00000000-0000-0000-0000-000000000001"
    client_secret = env("GRAPH_CLIENT_SECRET")
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "./lake" }
  lake {
    compact_every = -4 # ERROR: compact_every must be a whole number from 0 to 10000
    compact_evry  = 3 # ERROR: Did you mean "compact_every"?
  }
  lake { compact_every = "daily" } # ERROR: Duplicate lake block
  source "users" {}
}
