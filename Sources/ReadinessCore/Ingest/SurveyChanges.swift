/// Whether the inputs a run read are still the files it read.
extension Survey {
    /// A diagnostic for each streamed input (responses files) that changed since it was
    /// opened: the run must then stop, because the rows read, the rows read again for the
    /// duplicate rule and the bytes hashed into the manifest would not be the same file.
    public func inputsChangedSinceLoading() -> [Diagnostic] {
        inputs.compactMap { input in
            guard let identity = input.identity else { return nil }
            let now = InputFile.identity(of: input.location)
            guard now != identity else { return nil }
            return Diagnostic(
                file: input.location,
                message:
                    "the file changed while this run was reading it (\(identity.change(to: now))); "
                    + "nothing was written: run again once it is complete"
            )
        }
    }
}
