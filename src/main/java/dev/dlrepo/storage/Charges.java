package dev.dlrepo.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What a link costs a user repository's quota, charged inside the format's group commit. */
final class Charges {
    private final Quota quota;

    Charges(Quota quota) {
        this.quota = quota;
    }

    /**
     * Upstream's accounting, at link time: a user repository pays the full size of every file
     * linked in (shared blob or not), less the file it replaces. Returns the net charge, or null
     * for the main tree, which has no quota.
     */
    Long charge(FormatRef ref, Path blob, Path target) throws IOException {
        Repo repo = ref.job().tag().branch().repo();
        if (repo.user().isEmpty()) {
            return null;
        }
        long size = Files.size(blob);
        long replaced = 0;
        try {
            BasicFileAttributes old = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            replaced = old.isRegularFile() ? old.size() : 0;
        } catch (NoSuchFileException e) {
            // a new file
        }
        quota.charge(repo, size, replaced);
        return size - replaced;
    }

    /** Gives back a charge whose link did not happen (a negative one is taken back the same way). */
    void refund(FormatRef ref, Long charged) {
        if (charged != null && charged != 0) {
            quota.refund(ref.job().tag().branch().repo(), charged);
        }
    }
}
