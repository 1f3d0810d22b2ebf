import Foundation
import SynapseNN
import SynapseTensor

/// The state dict of a checkpoint file opened to be copied into a model's parameters (``/SynapseNN/Module``'s
/// `load(from:)`, `fromPretrained`), holding the model plus one tensor at a time rather than a second copy of it.
///
/// The file is mapped under a read lease where the system grants one (`MappedFile`'s `leasing`), its pages are read
/// once with `SIGBUS` caught before anything is copied (a file that shrank is an error while the model is
/// untouched) and handed back as they are checked; pass ``release(_:)`` as the load's `afterCopying` to hand each
/// tensor's pages back once it is copied, and call ``end()`` when the copy is done to let writers of the file go
/// on. Without a lease the file is read into memory, unless `mappingWithoutLease`.
package struct CopySource {
    /// The checkpoint's state dict: views of the mapped (or read) file.
    package let stateDict: StateDict
    let file: MappedFile

    /// Opens, decodes and checks the checkpoint at `url` (any format).
    package init(_ url: URL, mappingWithoutLease: Bool) throws(CheckpointError) {
        file = try MappedFile(path: url.path, mapping: mappingWithoutLease, leasing: true)
        stateDict = try decodeCheckpoint(file).stateDict()
        try file.checkReadable(releasingPages: true)
    }

    /// Whether the file is mapped under a read lease (nobody can truncate or rewrite it until ``end()``).
    package var isLeased: Bool { file.isLeased }

    /// Hands back the pages of the mapped file behind `value`, once it has been copied (nothing for a value that
    /// isn't a view of this file, or was written to).
    package func release(_ value: Tensor) {
        file.releasePages(of: value.storage)
    }

    /// Ends the read lease: the copy is done.
    package func end() {
        file.endLease()
    }
}
