pipeline "demo" {
  graph {
    tenant_id     = "contoso.onmicrosoft.com"
    client_id     = "00000000-0000-0000-0000-000000000001"
    client_secret = env("NOT_SET_ANYWHERE") # ERROR: Environment variable NOT_SET_ANYWHERE is not set
    ca_file       = "missing-ca.pem" # ERROR: Cannot read ca_file
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "./lake" }
  source "users" {
    filter = file("missing-filter.txt") # ERROR: Cannot read file # ERROR: missing-filter.txt
  }
}
