package io.vaxline.problems.openapi;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The Problem schema of {@link ContractModel}, for annotations: {@code @Schema(allOf = {
 * ProblemSchema.class, MyMembers.class})} describes a problem with extension members.
 */
@Schema(ref = ContractModel.PROBLEM)
public interface ProblemSchema {
}
