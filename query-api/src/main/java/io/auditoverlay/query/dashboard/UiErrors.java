package io.auditoverlay.query.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import jakarta.ws.rs.core.Response;

/** A dashboard request without a live session goes to the sign-in page, and comes back after it. */
public class UiErrors {

    @ServerExceptionMapper
    public Response signInFirst(Ui.SignInRequired e) {
        return Ui.seeOther("/ui/sign-in?next=" + URLEncoder.encode(e.next(), StandardCharsets.UTF_8));
    }
}
