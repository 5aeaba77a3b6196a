package io.vaxline.booking.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.Blocking;
import io.vaxline.booking.platform.security.Tokens;

/** The encrypted backups in the backup folder, and one more on request (besides the daily one). */
@Path("/admin/backups")
@RolesAllowed(Tokens.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class BackupResource {

    public record BackupFile(String name, long bytes) {
    }

    @Inject
    Backups backups;

    @GET
    public List<BackupFile> list() {
        return backups.list().stream().map(f -> {
            try {
                return new BackupFile(f.getFileName().toString(), Files.size(f));
            } catch (IOException e) {
                return new BackupFile(f.getFileName().toString(), -1);
            }
        }).toList();
    }

    @POST
    public BackupFile now() {
        Backups.Written written = backups.backup();
        return new BackupFile(written.file().getFileName().toString(), written.bytes());
    }
}
