// Package drives is the built-in plugin for OneDrive and SharePoint
// document libraries: the metadata of every file and folder (driveItem)
// of the selected drives, in table drive_items keyed (driveId, id). No
// file content is downloaded.
//
// Drives are selected by the source block: users (all, or user ids and
// principal names) for their OneDrives, sites (site ids or URLs) for every
// document library of each site. Each drive is one delta stream, its id
// the drive id (sharded by it), read from /drives/{id}/root/delta.
//
// The rules, as Graph's driveItem delta requires:
//
//   - A deletion is an item with the deleted facet (or, as some services
//     send it, "@removed"): the row is tombstoned. It carries no name.
//   - path is built from the folder tree, not from parentReference.path,
//     which delta does not return: an item's path is its parent's path
//     and its name, "/" for the root. The tree is what the round saw
//     (Graph returns the folders above each changed item); an item whose
//     folders the round did not show has a null path. A folder renamed
//     or moved later does not rewrite its descendants' rows: their path
//     is the one they had when last written (parentId always holds).
//   - A deleted folder takes everything under it, whether or not Graph
//     reports the descendants: when an incremental round reports a
//     deleted folder, the drive is read again in full at once, and the
//     host deletes the rows that full round did not return.
//   - A page may carry both a nextLink and a deltaLink: the round follows
//     the nextLink and keeps the last deltaLink only. An item may come
//     twice in a round: the last one wins.
//   - 410 resyncRequired (resyncChangesApplyDifferences or
//     resyncChangesUploadDifferences) reads the drive again from its own
//     first URL; the host sweeps the rows the full round did not return.
//
// It does not download content, permissions or versions, and does not
// follow shortcuts or items shared from other drives.
package drives
