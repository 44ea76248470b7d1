package dev.dlrepo.storage;

import dev.dlrepo.config.Settings;
import java.nio.file.Path;

/** The repository contract on the local wiring: {@link Storage#open} on one data directory. */
class LocalRepositoryContractTest extends RepositoryContract {
    @Override
    protected Wiring open(Path root, Settings settings, PostProcess postProcess, Quota quota) {
        Storage storage = Storage.open(root, settings, postProcess, usage -> quota);
        return new Wiring() {
            @Override
            public Repository repository() {
                return storage.repository();
            }

            @Override
            public void close() {
                storage.close();
            }
        };
    }
}
