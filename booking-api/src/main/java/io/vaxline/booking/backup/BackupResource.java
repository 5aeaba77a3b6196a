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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The encrypted backups in the backup folder, and one more on request (besides the daily one). */
@Path("/admin/backups")
@RolesAllowed(Tokens.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Backups", description = "Encrypted backups of booking-api's database")
public class BackupResource {

    public record BackupFile(String name, long bytes) {
    }

    @Inject
    Backups backups;

    @GET
    @Operation(operationId = "listBackups", summary = "The backups kept, newest first")
    @APIResponse(responseCode = "200", description = "The backup files")
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
    @Operation(operationId = "backUpNow", summary = "Back up now, besides the scheduled backups")
    @APIResponse(responseCode = "200", description = "The backup written")
    public BackupFile now() {
        Backups.Written written = backups.backup();
        return new BackupFile(written.file().getFileName().toString(), written.bytes());
    }
}
