pipeline "my pipeline" { # ERROR: Invalid pipeline name
  graph {
    tenant_id     = "not a tenant" # ERROR: Invalid tenant_id
    client_id     = ["00000000-0000-0000-0000-000000000001"] # ERROR: Incorrect attribute value type
    client_secret = env("GRAPH_CLIENT_SECRET")
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "./lake" }
  source "users" {}
}
