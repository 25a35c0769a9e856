# A Microsoft 365 compliance lake: every source graphlake has. The
# directory (users, groups and their nested membership, organisational
# contacts, applications, service principals, devices, roles,
# administrative units, permission grants), the audit logs, and every
# user's mail, calendar, personal contacts and OneDrive, plus the
# document libraries of the SharePoint sites named below. Each round keeps
# only what changed (delta queries); the manifest chain and the history
# views answer "what did it look like on that date" with evidence that
# `etl verify` checks.
#
# Permissions (application, admin consent): User.Read.All,
# GroupMember.Read.All, OrgContact.Read.All, Directory.Read.All,
# AuditLog.Read.All (sign-ins need Microsoft Entra ID P1 or P2),
# Mail.Read, Calendars.Read, Contacts.Read, Files.Read.All and
# Sites.Read.All. `etl plugins` lists each source's alternatives.
#
# A tenant of many thousands of mailboxes: run the mailbox sources with
# `--shard` on several machines, or give them pipelines of their own with
# a `mailboxes` list each (see the README's sharding section); message
# bodies are left out here (bodyPreview only).
#
# Set GRAPHLAKE_TENANT, GRAPHLAKE_CLIENT_ID, GRAPH_CLIENT_SECRET,
# GRAPHLAKE_STATE_KEY (openssl rand -base64 32) and GRAPHLAKE_BUCKET, then:
#   etl validate pipelines/m365-compliance.hcl && etl run --watch pipelines/m365-compliance.hcl
pipeline "m365-compliance" {
  schedule = "1h"

  graph {
    tenant_id     = env("GRAPHLAKE_TENANT")
    client_id     = env("GRAPHLAKE_CLIENT_ID")
    client_secret = env("GRAPH_CLIENT_SECRET")
  }

  state {
    key = env("GRAPHLAKE_STATE_KEY")
  }

  destination "s3" {
    bucket = env("GRAPHLAKE_BUCKET")
    prefix = "m365-compliance"
    region = env("AWS_REGION", "eu-west-1")
  }

  source "users" {
    select = ["displayName", "userPrincipalName", "mail", "accountEnabled", "userType", "createdDateTime",
      "department", "jobTitle", "manager"]
  }

  source "groups" {
    select = ["displayName", "mail", "securityEnabled", "groupTypes", "isAssignableToRole", "createdDateTime",
      "members", "owners"]
  }

  source "contacts" {}

  source "directory" {}

  source "auditlogs" {
    look_back = "7d"
  }

  source "mail" {}

  # Meetings from 90 days back to a year ahead; the window moves at each
  # UTC midnight, and events it leaves end as "outside window", not as
  # deletions.
  source "calendar" {
    past   = "90d"
    future = "365d"
  }

  source "personal_contacts" {}

  # Every user's OneDrive, and every document library of these sites.
  source "drives" {
    users = ["all"]
    sites = ["https://contoso.sharepoint.com/sites/legal"]
  }

  lake {
    compact_every = 24
  }
}
