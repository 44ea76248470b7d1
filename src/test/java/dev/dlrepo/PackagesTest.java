package dev.dlrepo;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the packages, read from the compiled classes of {@code src/main}: no package
 * depends on itself through others, storage is entered only through its doors and speaks only
 * its vocabulary, and the file system is touched outside storage only where docs/architecture.md
 * says why.
 */
class PackagesTest {
    /** The storage facades, the doors of one feature each, the hand wiring, and the interfaces storage calls. */
    static final Set<String> STORAGE_DOORS = Set.of(
            "Repository", "States", "Maintenance",      // artifacts; job and tag state; cleanup
            "TokenFiles", "DiskUsage", "FreeSpace",     // auth's tokens; quota's counter and free-space floor
            "CrashRecovery",                            // what a crash cut off, finished at start-up
            "Storage",                                  // the wiring outside the container
            "PostProcess", "Quota", "AfterRetention");  // implemented by postprocess, quota, lifecycle
    /** Values the doors take and give. */
    static final Set<String> STORAGE_VOCABULARY = Set.of(
            "Repo", "Name", "BranchRef", "TagRef", "JobRef", "FormatRef", "ProductVersion", "ArtifactPath", "Digest",
            "BranchSummary", "BranchInfo", "TagSummary", "TagInfo", "JobSummary", "JobInfo", "FormatInfo", "StoredFile",
            "Stored", "Archive", "ArchiveSource", "FormatContents", "CleanupPolicy", "TagState", "Swept", "Deleted", "Held",
            "PyJson", "DecimalSize", "Incoming", "UploadsEntry");
    /**
     * Outside storage, the classes that call {@code java.nio.file.Files}: none writes the artifacts'
     * tree (architecture.md, "Who touches the file system").
     */
    static final Set<String> FILE_SYSTEM_OUTSIDE_STORAGE = Set.of(
            "dev.dlrepo.config.DeployedSettings", "dev.dlrepo.auth.AuthFile", "dev.dlrepo.auth.Acls",
            "dev.dlrepo.auth.Snapshot", "dev.dlrepo.auth.LdapDirectory", "dev.dlrepo.auth.LdapSocketFactory",
            "dev.dlrepo.audit.AuditLog", "dev.dlrepo.postprocess.RunningCommands", "dev.dlrepo.postprocess.ProcStat",
            "dev.dlrepo.cleanup.CleanupCommand", "dev.dlrepo.cleanup.Scrub");

    static JavaClasses main;

    @BeforeAll
    static void importMain() throws Exception {
        // the directory the main classes were compiled to (target/classes), not the whole class path
        Path classes = Path.of(dev.dlrepo.storage.Repository.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        main = new ClassFileImporter().importPath(classes);
    }

    @Test
    void no_package_depends_on_itself_through_others() {
        cycles("dev.dlrepo.(*)..").check(main);
    }

    @Test
    void only_the_doors_and_the_vocabulary_of_storage_are_public() {
        publicStorage(STORAGE_DOORS, STORAGE_VOCABULARY).check(main);
    }

    @Test
    void outside_storage_classes_use_only_its_doors_and_vocabulary() {
        storageFromOutside(STORAGE_DOORS, STORAGE_VOCABULARY).check(main);
    }

    @Test
    void outside_storage_the_file_system_is_used_only_where_it_is_justified() {
        fileSystemOutsideStorage(FILE_SYSTEM_OUTSIDE_STORAGE).check(main);
    }

    @Test
    void each_rule_fails_on_what_it_forbids() {
        // the classes of every package were read
        for (String feature : Set.of("api", "auth", "cleanup", "lifecycle", "postprocess", "quota", "storage")) {
            assertTrue(main.containPackage("dev.dlrepo." + feature), feature);
        }
        // a cycle between two packages (test classes made for it)
        JavaClasses cycle = new ClassFileImporter().importPackages("dev.dlrepo.testing.cycle");
        assertFalse(cycle.isEmpty());
        assertThrows(AssertionError.class, () -> cycles("dev.dlrepo.testing.cycle.(*)..").check(cycle));
        // Repository is public but would not be allowed; lifecycle uses States; the audit log calls Files
        assertThrows(AssertionError.class, () -> publicStorage(without(STORAGE_DOORS, "Repository"), STORAGE_VOCABULARY).check(main));
        assertThrows(AssertionError.class, () -> storageFromOutside(without(STORAGE_DOORS, "States"), STORAGE_VOCABULARY).check(main));
        assertThrows(AssertionError.class, () -> fileSystemOutsideStorage(without(FILE_SYSTEM_OUTSIDE_STORAGE,
                "dev.dlrepo.audit.AuditLog")).check(main));
    }

    private static ArchRule cycles(String slices) {
        return slices().matching(slices).should().beFreeOfCycles();
    }

    private static ArchRule publicStorage(Set<String> doors, Set<String> vocabulary) {
        return classes().that().resideInAPackage("dev.dlrepo.storage").and().arePublic().and().areTopLevelClasses()
                .should().haveNameMatching("dev\\.dlrepo\\.storage\\.(" + String.join("|", doors) + "|"
                        + String.join("|", vocabulary) + ")")
                .because("storage's internals stay package-private: other features go through its doors");
    }

    private static ArchRule storageFromOutside(Set<String> doors, Set<String> vocabulary) {
        DescribedPredicate<JavaClass> internal = resideInAPackage("dev.dlrepo.storage")
                .and(not(DescribedPredicate.describe("a door or a value of storage",
                        (JavaClass c) -> doors.contains(top(c).getSimpleName()) || vocabulary.contains(top(c).getSimpleName()))));
        return noClasses().that().resideOutsideOfPackage("dev.dlrepo.storage").should().dependOnClassesThat(internal);
    }

    private static ArchRule fileSystemOutsideStorage(Set<String> justified) {
        return noClasses().that().resideOutsideOfPackage("dev.dlrepo.storage")
                .and(not(DescribedPredicate.describe("justified", (JavaClass c) -> justified.contains(top(c).getName()))))
                .should().callMethodWhere(DescribedPredicate.describe("a method of java.nio.file.Files",
                        call -> call.getTarget().getOwner().isEquivalentTo(java.nio.file.Files.class)))
                .because("storage holds every file-system call on the data directory");
    }

    private static Set<String> without(Set<String> names, String name) {
        Set<String> out = new java.util.HashSet<>(names);
        assertTrue(out.remove(name), name);
        return out;
    }

    private static JavaClass top(JavaClass c) {
        JavaClass out = c;
        while (out.getEnclosingClass().isPresent()) {
            out = out.getEnclosingClass().get();
        }
        return out;
    }
}
