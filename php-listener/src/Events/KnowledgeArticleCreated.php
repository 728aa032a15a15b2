<?php

namespace Ict\Bridge\Events;

use Ict\Bridge\Support\Attributes;
use Illuminate\Database\Eloquent\Model;

/**
 * `knowledge_article_created`: everyone when published, else staff and the
 * author. `is_published` is sent as a boolean (a 1 from the database would be
 * a draft to the bridge); absent means draft.
 */
class KnowledgeArticleCreated extends HelpDeskEvent
{
    public array $article;

    public function __construct(Model|array $article)
    {
        $this->article = Attributes::of($article, 'article');
        $this->article['is_published'] = filter_var($this->article['is_published'] ?? false, FILTER_VALIDATE_BOOLEAN);
        $this->stamp();
    }

    public function type(): string
    {
        return 'knowledge_article_created';
    }

    public function data(): array
    {
        return ['article' => $this->article];
    }

    public function requiredFields(): array
    {
        return ['article.id', 'article.is_published'];
    }
}
