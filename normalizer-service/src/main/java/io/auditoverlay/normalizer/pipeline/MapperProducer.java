package io.auditoverlay.normalizer.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.normalizer.config.NormalizerConfig;
import io.auditoverlay.normalizer.encoding.MessageEncoder;
import io.auditoverlay.normalizer.mapping.BranchResolver;
import io.auditoverlay.normalizer.mapping.EnvelopeMapper;
import io.auditoverlay.normalizer.masking.ColumnMasker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the framework-free mapping and encoding classes from configuration. */
@ApplicationScoped
public class MapperProducer {

    /** A singleton, not application scoped: a client proxy's lookup on every record cost ~2 % of the replay's CPU. */
    @Produces
    @Singleton
    EnvelopeMapper envelopeMapper(ObjectMapper json, NormalizerConfig config) {
        return new EnvelopeMapper(json, new ColumnMasker(config.maskedColumns()),
                new BranchResolver(config.branchColumn(), config.branchColumnByTable(), config.sourceBranch(),
                        config.defaultBranch()),
                config.keyColumns());
    }

    @Produces
    @Singleton
    MessageEncoder messageEncoder(ObjectMapper json, NormalizerConfig config) {
        return new MessageEncoder(json, config.hashChain());
    }
}
