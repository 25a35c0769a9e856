pipeline "limits" {
  graph {
    tenant_id      = "contoso.onmicrosoft.com"
    client_id      = "00000000-0000-0000-0000-000000000001"
    client_secret  = env("GRAPH_CLIENT_SECRET")
    max_retry_wait = "forever" # ERROR: max_retry_wait must be a duration from 1s to 24h0m0s
    max_pages      = 3         # ERROR: max_pages must be a whole number from 10 to 100000000
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "./lake" }
  source "users" {}
}
