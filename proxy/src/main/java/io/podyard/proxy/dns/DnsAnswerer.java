package io.podyard.proxy.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers one query from a {@link DnsIndex}: records for names in the cluster domain, NXDOMAIN (with
 * the zone's SOA, so resolvers cache the miss briefly) for names there that do not exist, and
 * "forward" for everything else. Pure: no I/O.
 */
public final class DnsAnswerer {
    private DnsAnswerer() {
    }

    /** What to do with a query. */
    public sealed interface Reply {
        /** Send this response. */
        record Answer(Message response) implements Reply {
        }

        /** Not ours: ask the upstream resolvers. */
        record Forward() implements Reply {
        }
    }

    public static Reply answer(Message query, DnsIndex index) {
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            return new Reply.Answer(response(query, Rcode.NOTIMP));
        }
        if (question == null) {
            return new Reply.Answer(response(query, Rcode.FORMERR));
        }
        Name name = DnsIndex.lower(question.getName());
        if (question.getDClass() != DClass.IN) {
            return new Reply.Forward();
        }
        if (!name.subdomain(index.domain())) {
            List<Record> reverse = question.getType() == Type.PTR ? index.at(name) : List.of();
            if (reverse.isEmpty()) {
                return new Reply.Forward(); // Not ours; reverse names we do not know fall through, as in CoreDNS.
            }
            Message response = response(query, Rcode.NOERROR);
            response.getHeader().setFlag(Flags.AA);
            reverse.forEach(r -> response.addRecord(r, Section.ANSWER));
            return new Reply.Answer(response);
        }
        int type = question.getType();
        Message response = response(query, Rcode.NOERROR);
        response.getHeader().setFlag(Flags.AA);
        List<Record> found = lookup(name, index);
        if (found.isEmpty() && !index.exists(name)) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            response.addRecord(soa(index), Section.AUTHORITY);
            return new Reply.Answer(response);
        }
        List<Record> answers = new ArrayList<>();
        for (Record record : found) {
            if (record.getType() == type || type == Type.ANY || record.getType() == Type.CNAME) {
                answers.add(record);
            }
        }
        if (answers.isEmpty()) {
            response.addRecord(soa(index), Section.AUTHORITY);
            return new Reply.Answer(response);
        }
        for (Record record : answers) {
            response.addRecord(record.withName(question.getName()), Section.ANSWER);
            if (record instanceof CNAMERecord cname && cname.getTarget().subdomain(index.domain())) {
                lookup(DnsIndex.lower(cname.getTarget()), index).stream().filter(r -> r.getType() == type)
                        .forEach(r -> response.addRecord(r, Section.ANSWER));
            }
            if (record instanceof SRVRecord srv) {
                lookup(DnsIndex.lower(srv.getTarget()), index).stream().filter(r -> r.getType() == Type.A)
                        .forEach(r -> response.addRecord(r, Section.ADDITIONAL));
            }
        }
        return new Reply.Answer(response);
    }

    /** A response to {@code query} with no records yet. */
    public static Message response(Message query, int rcode) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        response.getHeader().setRcode(rcode);
        if (query.getQuestion() != null) {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return response;
    }

    private static List<Record> lookup(Name name, DnsIndex index) {
        List<Record> records = index.at(name);
        if (!records.isEmpty()) {
            return records;
        }
        return pod(name, index);
    }

    /** {@code a-b-c-d.NAMESPACE.pod.DOMAIN}: the address is in the name (CoreDNS' "pods insecure"). */
    private static List<Record> pod(Name name, DnsIndex index) {
        Name domain = index.domain();
        if (name.labels() != domain.labels() + 3 || !name.getLabelString(2).equals("pod")) {
            return List.of();
        }
        String dashed = name.getLabelString(0);
        if (!dashed.matches("\\d{1,3}-\\d{1,3}-\\d{1,3}-\\d{1,3}")) {
            return List.of();
        }
        try {
            for (String part : dashed.split("-")) {
                if (Integer.parseInt(part) > 255) {
                    return List.of();
                }
            }
            return List.of(new ARecord(name, DClass.IN, DnsIndex.TTL, InetAddress.getByName(dashed.replace('-', '.'))));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    private static SOARecord soa(DnsIndex index) {
        Name domain = index.domain();
        try {
            return new SOARecord(domain, DClass.IN, DnsIndex.TTL, Name.fromString("ns.dns", domain),
                    Name.fromString("hostmaster", domain), 1, 7200, 1800, 86400, DnsIndex.TTL);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
