// Package drive is the emulator's OneDrive and SharePoint document
// libraries: drives (a user's OneDrive, a site's libraries) holding folder
// trees of small files, churned by tests (creates, edits, renames, moves,
// deletions of files and of folders with their children, restores), and
// served through Graph's driveItem delta (/drives/{id}/root/delta and its
// aliases) with the drive quirks Microsoft documents or users report:
// deletions as the deleted facet, parents of changed items in the feed,
// rapid edits folded into one entry, no parentReference.path, 410
// resyncRequired with resyncChangesApplyDifferences or
// resyncChangesUploadDifferences, token=latest.
//
// It serves no file content and no permissions; it does not authenticate
// (the emulator's handler does).
package drive
