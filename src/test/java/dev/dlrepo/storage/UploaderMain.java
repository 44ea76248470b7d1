package dev.dlrepo.storage;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A second process on the same data directory, for the cross-process tests. */
public final class UploaderMain {
    private UploaderMain() {
    }

    static Process start(Path root, String mode, String arg, int count) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                UploaderMain.class.getName(), root.toString(), mode, arg, Integer.toString(count)))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).directory(new File(".")).start();
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Store store = new Store(root);
        switch (args[1]) {
            case "upload" -> {
                for (int k = 0; k < Integer.parseInt(args[3]); k++) {
                    store.upload("job1", args[2] + "-" + k, args[2] + " " + k);
                }
            }
            case "hold" -> {
                try (Held lock = store.locks.format(Store.format("job1", "bin"))) {
                    Files.createFile(root.resolve("held"));
                    Thread.sleep(Long.parseLong(args[2]));
                    Files.createFile(root.resolve("released"));
                }
            }
            default -> throw new IllegalArgumentException(args[1]);
        }
    }
}
