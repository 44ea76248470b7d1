package dev.dlrepo.storage;

import dev.dlrepo.config.Settings;
import java.nio.file.Path;

/** The states contract on the local wiring: {@link Storage#open} on one data directory. */
class LocalStatesContractTest extends StatesContract {
    @Override
    protected Wiring open(Path root, Settings settings) {
        Storage storage = Storage.open(root, settings);
        return new Wiring() {
            @Override
            public Repository repository() {
                return storage.repository();
            }

            @Override
            public States states() {
                return storage.states();
            }

            @Override
            public void close() {
                storage.close();
            }
        };
    }
}
