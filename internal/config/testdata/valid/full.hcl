# Every argument the host reads, against the emulator.
pipeline "full" {
  schedule = "15m"
  graph {
    endpoint             = "https://127.0.0.1:8443/v1.0/"
    authority_host       = "https://127.0.0.1:8443/"
    tenant_id            = "11111111-2222-4333-8444-555555555555"
    client_id            = "00000000-0000-0000-0000-000000000001"
    auth                 = "certificate"
    certificate_file     = "app.pem"
    certificate_password = env("CERT_PASSWORD", "")
    ca_file              = "sim-ca.pem"
    scope                = "https://127.0.0.1:8443/.default"
  }
  state { key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" }
  destination "local" { path = "/var/lake" }
  source "users" {
    select = ["displayName", "mail", "accountEnabled"]
    filter = trimspace(file("filter.txt"))
    page   = 999
    deep   = { on = true, tags = ["a", "b"] }
  }
  source "staff" {
    plugin = "users"
    select = ["displayName"]
  }
  source "custom" { plugin = "../plugins/echo-plugin" }
  lake { compact_every = 12 }
}
