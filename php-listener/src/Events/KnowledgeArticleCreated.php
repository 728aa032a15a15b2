<?php

namespace Ict\Bridge\Events;

use Ict\Bridge\Support\Attributes;
use Ict\Bridge\Support\Flag;
use Illuminate\Database\Eloquent\Model;

/**
 * `knowledge_article_created`: everyone when published, else staff and the
 * author. `article.is_published` is published as a JSON boolean read by
 * Support\Flag: only true, 1, "1" or "true" (any case) is published; absent,
 * 0, "yes" or anything else is a draft.
 */
class KnowledgeArticleCreated extends HelpDeskEvent
{
    public array $article;

    public function __construct(Model|array $article)
    {
        $this->article = Attributes::of($article, 'article');
        $this->article['is_published'] = Flag::yes(Attributes::field($article, $this->article, 'article', 'is_published'));
        $this->stamp();
    }

    public function type(): string
    {
        return 'knowledge_article_created';
    }

    public function data(): array
    {
        // Read again: the property is public and may have been changed since.
        $article = $this->article;
        $article['is_published'] = Flag::yes($article['is_published'] ?? null);

        return ['article' => $article];
    }

    public function requiredFields(): array
    {
        return ['article.id', 'article.is_published'];
    }
}
