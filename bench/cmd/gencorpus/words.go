package main

import "strings"

// The vocabulary is fixed in the source so that a seed alone determines the
// corpus, on any machine and any Go release.
var vocabulary = strings.Fields(`
the of and to in a is that for on was with as by at from his her their its
this an be are were has have had not but which who will would said after
before during over under against between about into through while since
government minister ministry president council parliament committee
commission agency court judge law bill vote election campaign party
coalition opposition leader official officials spokesperson statement
report reports agreement deal talks negotiation negotiations summit
meeting conference session visit delegation envoy ambassador embassy
border region city capital province district village port coast river
mountain valley airport railway bridge road highway pipeline grid plant
factory mine field harbour market bank budget tax trade tariff export
import price prices inflation growth recession debt loan fund funds aid
energy gas oil coal power electricity water food grain wheat fertiliser
harvest drought flood storm fire heat climate emissions carbon
security defence army navy troops soldiers forces ceasefire truce
strike strikes attack attacks drone drones missile missiles shelling
front line offensive withdrawal prisoners exchange sanctions embargo
investigation inquiry evidence witness trial verdict appeal sentence
police protest protesters rally demonstration crowd union workers
hospital doctors patients vaccine health school teachers students
university research scientists data study survey census population
refugees migrants asylum shelter camp humanitarian corridor convoy
reconstruction recovery infrastructure investment contract company
companies firm shares investors stock exchange currency central rate
rates analyst analysts observers diplomats sources document documents
letter plan proposal framework roadmap guarantee guarantees mechanism
monitoring mission observers peacekeeping mandate resolution sanction
decree order ruling reform constitution referendum mandate majority
minority seat seats cabinet reshuffle resignation appointment successor
weeks months days hours morning evening night week month year years
early late new old first second third last next previous recent major
minor key broad narrow formal informal public private national local
regional international global european eastern western northern southern
central senior junior former acting interim deputy chief general
economic political military civil social legal financial technical
strategic diplomatic humanitarian environmental industrial agricultural
digital nuclear maritime coastal rural urban federal joint bilateral
multilateral direct indirect partial full final initial possible likely
unclear disputed confirmed reported expected planned delayed cancelled
announced agreed rejected approved signed ratified extended suspended
resumed launched opened closed raised lowered increased reduced held
called urged warned denied accused claimed argued insisted noted
stressed welcomed criticised condemned praised questioned described
according despite although however meanwhile also still already again
further more most less least many several few some any each every other
another such both either neither only even just nearly almost roughly
about around across along beyond within without toward towards upon
people country countries nation nations state states world continent
neighbours allies partners rivals members member bloc alliance union
league network group groups team panel board office department service
services system systems process programme project projects sector
sectors industry industries supply chain chains routes route shipping
cargo vessels tanker ships fleet aircraft flights passengers tourism
season crisis conflict war peace stability tension tensions dispute
disputes concern concerns risk risks threat threats pressure support
opposition criticism response reaction outcome result results progress
setback breakthrough stalemate deadline timetable schedule phase stage
round draft text clause article paragraph annex signature
`)

// Titles read better when drawn from a narrower, headline-like set.
var headlineWords = strings.Fields(`
talks deal summit vote sanctions ceasefire grain energy pipeline border
election reform budget strike protest inquiry verdict aid convoy port
tariffs exports prices drought floods envoy treaty guarantees accord
truce offensive withdrawal reconstruction investment debt loan court
ruling referendum coalition cabinet minister council parliament
commission mission monitoring corridor refugees shelter harvest
power grid nuclear plant shipping fleet airport railway bridge
`)

var headlineVerbs = strings.Fields(`
stall resume collapse advance falter widen narrow deepen ease harden
extend expire shift split unite surge slump return reopen close
`)

var firstNames = strings.Fields(`
Anna Maria Olena Iryna Kateryna Natalia Sofia Elena Laura Clara Julia
Eva Ingrid Astrid Marta Agnieszka Małgorzata Zoë Ágnes Eléonore Çağla
Ayşe Elif Hanna Lea Camille Chiara Giulia Beatriz Inês Lucía Noémie
Søren Björn Łukasz José François Jiří Mário Ümit Dmytro Oleksandr
Andriy Mykola Serhiy Taras Piotr Tomasz Marek Jan Karel Pavel Ivan
Mikhail Sergei Dmitri Nikolai Viktor Petr Hans Jürgen Klaus Stefan
Lars Erik Mats Olav Pierre Jean Luc Marc Antoine Luca Marco Paolo
Carlos Miguel Javier Pedro João Rui Kemal Mehmet Emre Yusuf Ahmed
Omar Karim Samir David Daniel Thomas Michael Peter Martin Simon
`)

var lastNames = strings.Fields(`
Ångström Núñez Żółć Şahin Dvořák Müller Schröder Kovalenko Shevchenko
Bondarenko Tkachenko Melnyk Kravchenko Boyko Kowalski Nowak Wiśniewski
Wójcik Kamiński Lewandowski Novák Svoboda Černý Horváth Kovács Szabó
Nagy Popescu Ionescu Dumitrescu Petrov Ivanov Smirnov Volkov Sokolov
Lindqvist Johansson Andersson Nilsson Hansen Jensen Nielsen Larsen
Dubois Lefèvre Moreau Laurent Girard Rousseau Bonnet Mercier Rossi
Russo Ferrari Esposito Bianchi Romano García Fernández González
Rodríguez López Martínez Sánchez Pérez Gómez Silva Santos Ferreira
Pereira Oliveira Costa Yılmaz Kaya Demir Çelik Aydın Öztürk Arslan
Haddad Khalil Mansour Nasser Becker Wagner Fischer Weber Schneider
Meyer Hoffmann Schulz Koch Richter Klein Wolf Neumann Schwarz Braun
`)

var organisations = []string{
	"European Commission", "Council of the European Union", "European Parliament",
	"NATO", "United Nations", "UN Security Council", "OSCE", "IAEA",
	"International Monetary Fund", "World Bank", "World Food Programme",
	"International Committee of the Red Cross", "Council of Europe",
	"European Central Bank", "African Union", "G7", "G20",
	"Ministry of Foreign Affairs of Ukraine", "Kremlin", "White House",
	"Bundestag", "Verkhovna Rada", "Sejm", "Élysée Palace", "Türkiye's Foreign Ministry",
	"Naftogaz", "Gazprom", "Energoatom", "Ukrzaliznytsia", "Rosatom",
}

var topicHeads = strings.Fields(`
Energy Grain Maritime Nuclear Sanctions Reconstruction Refugee Border
Trade Debt Climate Election Judicial Military Humanitarian Digital
Health Labour Banking Pipeline Shipping Agricultural Water Rail Press
`)

var topicTails = []string{
	"policy", "security", "talks", "exports", "reform", "crisis",
	"monitoring", "financing", "regulation", "disputes",
}

// A few fixed topics give the corpus names that need folding.
var specialTopics = []string{
	"Black Sea shipping", "Zaporizhzhia nuclear plant", "Peace talks",
	"Prisoner exchanges", "Frozen Russian assets", "EU enlargement",
	"Café society", "Økonomi og handel", "Señales de paz", "Größere Sicherheit",
}

type outlet struct {
	name, domain, lang, country, kind string
}

var outlets = []outlet{
	{"Reuters", "reuters.com", "en", "GB", "wire agency"},
	{"Associated Press", "apnews.com", "en", "US", "wire agency"},
	{"Agence France-Presse", "afp.com", "fr", "FR", "wire agency"},
	{"BBC News", "bbc.co.uk", "en", "GB", "broadcaster"},
	{"The Guardian", "theguardian.com", "en", "GB", "newspaper"},
	{"Financial Times", "ft.com", "en", "GB", "newspaper"},
	{"The New York Times", "nytimes.com", "en", "US", "newspaper"},
	{"The Washington Post", "washingtonpost.com", "en", "US", "newspaper"},
	{"The Wall Street Journal", "wsj.com", "en", "US", "newspaper"},
	{"Bloomberg", "bloomberg.com", "en", "US", "wire agency"},
	{"Politico Europe", "politico.eu", "en", "BE", "newspaper"},
	{"Euronews", "euronews.com", "en", "FR", "broadcaster"},
	{"Deutsche Welle", "dw.com", "en", "DE", "broadcaster"},
	{"Le Monde", "lemonde.fr", "fr", "FR", "newspaper"},
	{"Le Figaro", "lefigaro.fr", "fr", "FR", "newspaper"},
	{"Libération", "liberation.fr", "fr", "FR", "newspaper"},
	{"Süddeutsche Zeitung", "sueddeutsche.de", "de", "DE", "newspaper"},
	{"Frankfurter Allgemeine Zeitung", "faz.net", "de", "DE", "newspaper"},
	{"Der Spiegel", "spiegel.de", "de", "DE", "magazine"},
	{"Die Zeit", "zeit.de", "de", "DE", "newspaper"},
	{"Neue Zürcher Zeitung", "nzz.ch", "de", "CH", "newspaper"},
	{"Der Standard", "derstandard.at", "de", "AT", "newspaper"},
	{"Österreichischer Rundfunk", "orf.at", "de", "AT", "broadcaster"},
	{"El País", "elpais.com", "es", "ES", "newspaper"},
	{"El Mundo", "elmundo.es", "es", "ES", "newspaper"},
	{"La Vanguardia", "lavanguardia.com", "es", "ES", "newspaper"},
	{"Público", "publico.pt", "pt", "PT", "newspaper"},
	{"Corriere della Sera", "corriere.it", "it", "IT", "newspaper"},
	{"La Repubblica", "repubblica.it", "it", "IT", "newspaper"},
	{"ANSA", "ansa.it", "it", "IT", "wire agency"},
	{"Gazeta Wyborcza", "wyborcza.pl", "pl", "PL", "newspaper"},
	{"Rzeczpospolita", "rp.pl", "pl", "PL", "newspaper"},
	{"Polskie Radio", "polskieradio.pl", "pl", "PL", "broadcaster"},
	{"Dagens Nyheter", "dn.se", "sv", "SE", "newspaper"},
	{"Svenska Dagbladet", "svd.se", "sv", "SE", "newspaper"},
	{"Helsingin Sanomat", "hs.fi", "fi", "FI", "newspaper"},
	{"Aftenposten", "aftenposten.no", "no", "NO", "newspaper"},
	{"Politiken", "politiken.dk", "da", "DK", "newspaper"},
	{"De Standaard", "standaard.be", "nl", "BE", "newspaper"},
	{"NRC", "nrc.nl", "nl", "NL", "newspaper"},
	{"Hospodářské noviny", "hn.cz", "cs", "CZ", "newspaper"},
	{"Népszava", "nepszava.hu", "hu", "HU", "newspaper"},
	{"Kathimerini", "kathimerini.gr", "el", "GR", "newspaper"},
	{"Yeni Şafak", "yenisafak.com", "tr", "TR", "newspaper"},
	{"Hürriyet", "hurriyet.com.tr", "tr", "TR", "newspaper"},
	{"Anadolu Agency", "aa.com.tr", "tr", "TR", "wire agency"},
	{"Ukrinform", "ukrinform.net", "uk", "UA", "wire agency"},
	{"Ukrainska Pravda", "pravda.com.ua", "uk", "UA", "newspaper"},
	{"The Kyiv Independent", "kyivindependent.com", "en", "UA", "newspaper"},
	{"Interfax-Ukraine", "interfax.com.ua", "uk", "UA", "wire agency"},
	{"Suspilne", "suspilne.media", "uk", "UA", "broadcaster"},
	{"TASS", "tass.com", "ru", "RU", "state media"},
	{"RIA Novosti", "ria.ru", "ru", "RU", "state media"},
	{"Meduza", "meduza.io", "ru", "LV", "newspaper"},
	{"Novaya Gazeta Europe", "novayagazeta.eu", "ru", "LV", "newspaper"},
	{"Al Jazeera", "aljazeera.com", "en", "QA", "broadcaster"},
	{"NHK World", "nhk.or.jp", "en", "JP", "broadcaster"},
	{"South China Morning Post", "scmp.com", "en", "HK", "newspaper"},
	{"The Hindu", "thehindu.com", "en", "IN", "newspaper"},
	{"Agência Brasil", "agenciabrasil.ebc.com.br", "pt", "BR", "wire agency"},
}

var places = []string{
	"Brussels", "Kyiv", "Geneva", "Istanbul", "Vienna", "Warsaw", "Berlin",
	"Paris", "Rome", "Riyadh", "Jeddah", "Doha", "Abu Dhabi", "Helsinki",
	"Vilnius", "Tallinn", "Riga", "Bucharest", "Chișinău", "Lviv", "Odesa",
	"Kharkiv", "Dnipro", "Zaporizhzhia", "Strasbourg", "The Hague",
	"London", "Washington", "New York", "Copenhagen", "Stockholm", "Oslo",
	"Prague", "Budapest", "Bratislava", "Ljubljana", "Zagreb", "Athens",
	"Ankara", "Antalya", "Bürgenstock", "Reykjavík", "Malmö", "Kraków",
}

var eventKinds = []string{
	"summit", "talks", "conference", "meeting", "council", "forum",
	"negotiations", "ministerial", "donor conference", "hearing",
}
