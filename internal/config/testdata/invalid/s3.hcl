pipeline "lake" {
  graph {
    tenant_id     = "contoso.onmicrosoft.com"
    client_id     = "00000000-0000-0000-0000-000000000001"
    client_secret = env("GRAPH_CLIENT_SECRET")
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "s3" { # ERROR: Incomplete static keys
    bucket         = "acme/lake" # ERROR: put folders in prefix
    endpoint       = "127.0.0.1:7070" # ERROR: needs a scheme
    sse            = "kms" # ERROR: sse takes "AES256" and "aws:kms", not "kms"
    kms_key_id     = "alias/lake" # ERROR: kms_key_id only applies to SSE-KMS
    checksum       = "MD5" # ERROR: checksum takes
    part_size_mb   = 2 # ERROR: part_size_mb must be a whole number from 5
    path_style     = "yes" # ERROR: path_style must be true or false
    access_key_id  = "AKIA0000"
    regoin         = "eu-west-1" # ERROR: Did you mean "region"?
  }
  source "users" {}
}
